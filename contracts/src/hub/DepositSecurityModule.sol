// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IDepositSecurityModule} from "../shared/interfaces/IDepositSecurityModule.sol";
import {IDepositContract} from "../shared/interfaces/IDepositContract.sol";
import {INodeOperatorRegistry} from "../shared/interfaces/INodeOperatorRegistry.sol";
import {ITrETH} from "../shared/interfaces/ITrETH.sol";

/// @title DepositSecurityModule
/// @notice The pool's only depositor (it holds TrETH's KEEPER_ROLE): stakes buffered ETH only with a
///         guardian quorum's signatures over the current deposit root and registry key nonce.
contract DepositSecurityModule is IDepositSecurityModule, AccessControl, EIP712 {
    bytes32 public constant DEPOSIT_TYPEHASH =
        keccak256("Deposit(uint256 blockNumber,bytes32 blockHash,bytes32 depositRoot,uint256 keysNonce)");
    bytes32 public constant PAUSE_TYPEHASH = keccak256("Pause(uint256 blockNumber)");
    /// @dev blockhash() answers only for the last 256 blocks.
    uint256 private constant BLOCKHASH_WINDOW = 256;

    ITrETH public immutable POOL;
    IDepositContract public immutable DEPOSIT_CONTRACT;
    INodeOperatorRegistry public immutable REGISTRY;

    address[] private _guardians;
    mapping(address account => bool) private _isGuardian;

    /// @inheritdoc IDepositSecurityModule
    uint256 public quorum;
    /// @inheritdoc IDepositSecurityModule
    bool public paused;
    /// @inheritdoc IDepositSecurityModule
    uint256 public lastDepositBlock;
    /// @inheritdoc IDepositSecurityModule
    uint256 public maxDepositsPerBlock;
    /// @inheritdoc IDepositSecurityModule
    uint256 public minDepositBlockDistance;
    /// @inheritdoc IDepositSecurityModule
    uint256 public maxSignatureAge;
    /// @inheritdoc IDepositSecurityModule
    uint256 public pauseIntentValidityPeriod;

    struct Limits {
        uint256 maxDepositsPerBlock;
        uint256 minDepositBlockDistance;
        uint256 maxSignatureAge;
        uint256 pauseIntentValidityPeriod;
    }

    constructor(
        address admin,
        ITrETH pool,
        IDepositContract depositContract,
        INodeOperatorRegistry registry,
        address[] memory guardians,
        uint256 quorum_,
        Limits memory limits
    ) EIP712("DepositSecurityModule", "1") {
        if (
            admin == address(0) || address(pool) == address(0) || address(depositContract) == address(0)
                || address(registry) == address(0)
        ) revert DepositSecurityModule_ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        POOL = pool;
        DEPOSIT_CONTRACT = depositContract;
        REGISTRY = registry;
        for (uint256 i; i < guardians.length; ++i) {
            _addGuardian(guardians[i]);
        }
        _setQuorum(quorum_);
        _setMaxDepositsPerBlock(limits.maxDepositsPerBlock);
        _setMinDepositBlockDistance(limits.minDepositBlockDistance);
        _setMaxSignatureAge(limits.maxSignatureAge);
        _setPauseIntentValidityPeriod(limits.pauseIntentValidityPeriod);
    }

    // ---------------------------------------------------------------- deposits

    /// @inheritdoc IDepositSecurityModule
    function depositBufferedEther(
        uint256 maxValidators,
        uint256 blockNumber,
        bytes32 blockHash,
        bytes32 depositRoot,
        uint256 keysNonce,
        Signature[] calldata signatures
    ) external returns (uint256 deposited) {
        if (paused) revert DepositSecurityModule_DepositsPaused();
        if (maxValidators > maxDepositsPerBlock) {
            revert DepositSecurityModule_TooManyValidators(maxValidators, maxDepositsPerBlock);
        }
        uint256 last = lastDepositBlock;
        if (last != 0 && block.number - last < minDepositBlockDistance) {
            revert DepositSecurityModule_TooSoon(last, minDepositBlockDistance);
        }
        // blockhash() is zero for the current and future blocks and beyond 256 back, so a match also
        // proves the block is real and recent; the age limit tightens that window.
        if (blockHash == bytes32(0) || blockhash(blockNumber) != blockHash) {
            revert DepositSecurityModule_UnknownBlockHash(blockNumber, blockHash);
        }
        if (block.number - blockNumber > maxSignatureAge) {
            revert DepositSecurityModule_StaleBlock(blockNumber, maxSignatureAge);
        }
        bytes32 currentRoot = DEPOSIT_CONTRACT.get_deposit_root();
        if (depositRoot != currentRoot) revert DepositSecurityModule_DepositRootChanged(depositRoot, currentRoot);
        uint256 currentNonce = REGISTRY.keysNonce();
        if (keysNonce != currentNonce) revert DepositSecurityModule_KeysNonceChanged(keysNonce, currentNonce);

        _verifyQuorum(depositMessageHash(blockNumber, blockHash, depositRoot, keysNonce), signatures);

        lastDepositBlock = block.number;
        deposited = POOL.depositBufferedEther(maxValidators);
        emit GuardedDeposit(deposited, blockNumber, depositRoot, keysNonce);
    }

    /// @inheritdoc IDepositSecurityModule
    function pauseDeposits() external {
        if (!_isGuardian[msg.sender]) revert DepositSecurityModule_NotGuardian(msg.sender);
        _pause(msg.sender);
    }

    /// @inheritdoc IDepositSecurityModule
    function pauseDepositsWithSignature(uint256 blockNumber, Signature calldata signature) external {
        if (blockNumber > block.number || block.number - blockNumber > pauseIntentValidityPeriod) {
            revert DepositSecurityModule_PauseIntentExpired(blockNumber, pauseIntentValidityPeriod);
        }
        (address signer, ECDSA.RecoverError error,) =
            ECDSA.tryRecover(pauseMessageHash(blockNumber), signature.r, signature.vs);
        if (error != ECDSA.RecoverError.NoError) revert DepositSecurityModule_InvalidSignature(0);
        if (!_isGuardian[signer]) revert DepositSecurityModule_NotGuardian(signer);
        _pause(signer);
    }

    /// @inheritdoc IDepositSecurityModule
    function unpauseDeposits() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!paused) revert DepositSecurityModule_NotPaused();
        paused = false;
        emit DepositsUnpaused(msg.sender);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IDepositSecurityModule
    function addGuardian(address guardian, uint256 newQuorum) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _addGuardian(guardian);
        _setQuorum(newQuorum);
    }

    /// @inheritdoc IDepositSecurityModule
    function removeGuardian(address guardian, uint256 newQuorum) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_isGuardian[guardian]) revert DepositSecurityModule_NotGuardian(guardian);
        uint256 n = _guardians.length;
        for (uint256 i; i < n; ++i) {
            if (_guardians[i] == guardian) {
                _guardians[i] = _guardians[n - 1];
                _guardians.pop();
                break;
            }
        }
        _isGuardian[guardian] = false;
        emit GuardianRemoved(guardian);
        _setQuorum(newQuorum);
    }

    /// @inheritdoc IDepositSecurityModule
    function setGuardianQuorum(uint256 newQuorum) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setQuorum(newQuorum);
    }

    /// @inheritdoc IDepositSecurityModule
    function setMaxDepositsPerBlock(uint256 maxDeposits) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxDepositsPerBlock(maxDeposits);
    }

    /// @inheritdoc IDepositSecurityModule
    function setMinDepositBlockDistance(uint256 blocks) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinDepositBlockDistance(blocks);
    }

    /// @inheritdoc IDepositSecurityModule
    function setMaxSignatureAge(uint256 blocks) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxSignatureAge(blocks);
    }

    /// @inheritdoc IDepositSecurityModule
    function setPauseIntentValidityPeriod(uint256 blocks) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPauseIntentValidityPeriod(blocks);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IDepositSecurityModule
    function depositMessageHash(uint256 blockNumber, bytes32 blockHash, bytes32 depositRoot, uint256 keysNonce)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(DEPOSIT_TYPEHASH, blockNumber, blockHash, depositRoot, keysNonce)));
    }

    /// @inheritdoc IDepositSecurityModule
    function pauseMessageHash(uint256 blockNumber) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(PAUSE_TYPEHASH, blockNumber)));
    }

    /// @inheritdoc IDepositSecurityModule
    function canDeposit() external view returns (bool) {
        uint256 last = lastDepositBlock;
        return !paused && (last == 0 || block.number - last >= minDepositBlockDistance);
    }

    /// @inheritdoc IDepositSecurityModule
    function getGuardians() external view returns (address[] memory) {
        return _guardians;
    }

    /// @inheritdoc IDepositSecurityModule
    function isGuardian(address account) external view returns (bool) {
        return _isGuardian[account];
    }

    // ---------------------------------------------------------------- internal

    /// @dev Strictly ascending signers make duplicates impossible without a seen-set.
    function _verifyQuorum(bytes32 digest, Signature[] calldata signatures) private view {
        uint256 required = quorum;
        if (signatures.length < required) revert DepositSecurityModule_NoQuorum(signatures.length, required);
        address previous;
        for (uint256 i; i < signatures.length; ++i) {
            (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecover(digest, signatures[i].r, signatures[i].vs);
            if (error != ECDSA.RecoverError.NoError) revert DepositSecurityModule_InvalidSignature(i);
            if (signer <= previous) revert DepositSecurityModule_SignersNotSorted(i);
            if (!_isGuardian[signer]) revert DepositSecurityModule_NotGuardian(signer);
            previous = signer;
        }
    }

    function _pause(address guardian) private {
        // Idempotent: several guardians seeing the same front-run must not race each other into reverts.
        if (paused) return;
        paused = true;
        emit DepositsPaused(guardian);
    }

    function _addGuardian(address guardian) private {
        if (guardian == address(0)) revert DepositSecurityModule_ZeroAddress();
        if (_isGuardian[guardian]) revert DepositSecurityModule_DuplicateGuardian(guardian);
        _isGuardian[guardian] = true;
        _guardians.push(guardian);
        emit GuardianAdded(guardian);
    }

    /// @dev At least one signature, never more than there are guardians (deposits would be impossible).
    function _setQuorum(uint256 newQuorum) private {
        if (newQuorum == 0 || newQuorum > _guardians.length) {
            revert DepositSecurityModule_InvalidQuorum(newQuorum, _guardians.length);
        }
        quorum = newQuorum;
        emit GuardianQuorumChanged(newQuorum);
    }

    function _setMaxDepositsPerBlock(uint256 maxDeposits) private {
        if (maxDeposits == 0) revert DepositSecurityModule_InvalidMaxDeposits(maxDeposits);
        maxDepositsPerBlock = maxDeposits;
        emit MaxDepositsPerBlockChanged(maxDeposits);
    }

    function _setMinDepositBlockDistance(uint256 blocks) private {
        minDepositBlockDistance = blocks;
        emit MinDepositBlockDistanceChanged(blocks);
    }

    function _setMaxSignatureAge(uint256 blocks) private {
        if (blocks == 0 || blocks > BLOCKHASH_WINDOW) revert DepositSecurityModule_InvalidSignatureAge(blocks);
        maxSignatureAge = blocks;
        emit MaxSignatureAgeChanged(blocks);
    }

    function _setPauseIntentValidityPeriod(uint256 blocks) private {
        pauseIntentValidityPeriod = blocks;
        emit PauseIntentValidityPeriodChanged(blocks);
    }
}
