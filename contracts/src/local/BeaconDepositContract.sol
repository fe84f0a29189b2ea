// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDepositContract} from "../shared/interfaces/IDepositContract.sol";
import {DepositDataRoot} from "../shared/libraries/DepositDataRoot.sol";

/// @title BeaconDepositContract
/// @notice The beacon chain deposit contract for local chains, written from the consensus spec:
///         same interface, same checks, same DepositEvent and the same incremental Merkle tree, so
///         a deposit the local contract accepts is one Ethereum's would accept.
contract BeaconDepositContract is IDepositContract {
    uint256 private constant TREE_DEPTH = 32;
    uint256 private constant MAX_DEPOSIT_COUNT = 2 ** TREE_DEPTH - 1;

    error BeaconDeposit_InvalidPubkeyLength(uint256 length);
    error BeaconDeposit_InvalidCredentialsLength(uint256 length);
    error BeaconDeposit_InvalidSignatureLength(uint256 length);
    error BeaconDeposit_AmountTooLow(uint256 amount);
    error BeaconDeposit_AmountNotGwei(uint256 amount);
    error BeaconDeposit_AmountTooHigh(uint256 amount);
    error BeaconDeposit_RootMismatch(bytes32 given, bytes32 computed);
    error BeaconDeposit_TreeFull();

    bytes32[TREE_DEPTH] private _branch;
    bytes32[TREE_DEPTH] private _zeroHashes;
    uint256 private _depositCount;

    constructor() {
        for (uint256 h; h < TREE_DEPTH - 1; ++h) {
            _zeroHashes[h + 1] = sha256(abi.encodePacked(_zeroHashes[h], _zeroHashes[h]));
        }
    }

    /// @inheritdoc IDepositContract
    function deposit(
        bytes calldata pubkey,
        bytes calldata withdrawal_credentials,
        bytes calldata signature,
        bytes32 deposit_data_root
    ) external payable {
        if (pubkey.length != 48) revert BeaconDeposit_InvalidPubkeyLength(pubkey.length);
        if (withdrawal_credentials.length != 32) {
            revert BeaconDeposit_InvalidCredentialsLength(withdrawal_credentials.length);
        }
        if (signature.length != 96) revert BeaconDeposit_InvalidSignatureLength(signature.length);
        if (msg.value < 1 ether) revert BeaconDeposit_AmountTooLow(msg.value);
        if (msg.value % 1 gwei != 0) revert BeaconDeposit_AmountNotGwei(msg.value);
        uint256 amountGwei = msg.value / 1 gwei;
        if (amountGwei > type(uint64).max) revert BeaconDeposit_AmountTooHigh(msg.value);

        bytes32 node = DepositDataRoot.compute(pubkey, bytes32(withdrawal_credentials), signature, uint64(amountGwei));
        if (node != deposit_data_root) revert BeaconDeposit_RootMismatch(deposit_data_root, node);
        uint256 index = _depositCount;
        if (index >= MAX_DEPOSIT_COUNT) revert BeaconDeposit_TreeFull();

        bytes8 amountLe = DepositDataRoot.toLittleEndian64(uint64(amountGwei));
        emit DepositEvent(
            pubkey,
            withdrawal_credentials,
            abi.encodePacked(amountLe),
            signature,
            abi.encodePacked(DepositDataRoot.toLittleEndian64(uint64(index)))
        );

        // Incremental Merkle tree: keep only the left siblings on the path of the next leaf.
        uint256 size = index + 1;
        _depositCount = size;
        for (uint256 h; h < TREE_DEPTH; ++h) {
            if (size & 1 == 1) {
                _branch[h] = node;
                return;
            }
            node = sha256(abi.encodePacked(_branch[h], node));
            size >>= 1;
        }
    }

    /// @inheritdoc IDepositContract
    function get_deposit_root() external view returns (bytes32) {
        bytes32 node;
        uint256 size = _depositCount;
        for (uint256 h; h < TREE_DEPTH; ++h) {
            node = size & 1 == 1
                ? sha256(abi.encodePacked(_branch[h], node))
                : sha256(abi.encodePacked(node, _zeroHashes[h]));
            size >>= 1;
        }
        // Mix in the length, as SSZ does for List[DepositData, 2**32].
        return sha256(abi.encodePacked(node, DepositDataRoot.toLittleEndian64(uint64(_depositCount)), bytes24(0)));
    }

    /// @inheritdoc IDepositContract
    function get_deposit_count() external view returns (bytes memory) {
        return abi.encodePacked(DepositDataRoot.toLittleEndian64(uint64(_depositCount)));
    }

    /// @notice ERC-165, as the mainnet contract answers it.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0x01ffc9a7 || interfaceId == type(IDepositContract).interfaceId;
    }
}
