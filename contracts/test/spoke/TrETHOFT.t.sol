// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {OAppReceiver} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OAppReceiver.sol";
import {IOFT} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";

import {TrETHOFT} from "../../src/spoke/TrETHOFT.sol";
import {PermitSigner} from "../utils/PermitSigner.sol";
import {SpokeBase} from "./SpokeBase.sol";

contract TrETHOFTTest is SpokeBase {
    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");

    function setUp() public override {
        super.setUp();
        (alice, aliceKey) = makeAddrAndKey("alice");
    }

    /// @dev OFT wire format for a plain transfer: recipient, then the amount in 6 shared decimals.
    function _creditMessage(address to, uint64 amountSD) internal pure returns (bytes memory) {
        return abi.encodePacked(_b32(to), amountSD);
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_setsMetadata_succeeds() public view {
        assertEq(token.name(), "Tributary Staked ETH");
        assertEq(token.symbol(), "trETH");
        assertEq(token.decimals(), 18);
        assertEq(token.owner(), owner);
        assertEq(address(token.endpoint()), address(endpoint));
        assertEq(token.token(), address(token));
        assertFalse(token.approvalRequired(), "an OFT burns; it needs no allowance");
        assertEq(token.sharedDecimals(), 6);
        assertEq(token.decimalConversionRate(), 1e12);
        assertEq(token.minter(), address(pool));
    }

    function test_constructor_noMinter_succeeds() public {
        TrETHOFT fresh = new TrETHOFT(address(endpoint), owner);
        assertEq(fresh.minter(), address(0));
        assertEq(fresh.totalSupply(), 0);
    }

    // ------------------------------------------------------------------ setMinter

    function test_setMinter_owner_succeeds() public {
        address newMinter = makeAddr("newMinter");
        vm.expectEmit(address(token));
        emit TrETHOFT.MinterUpdated(newMinter);
        vm.prank(owner);
        token.setMinter(newMinter);
        assertEq(token.minter(), newMinter);
    }

    function test_setMinter_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        token.setMinter(attacker);
    }

    // ------------------------------------------------------------------ mint

    function test_mint_minter_succeeds() public {
        vm.expectEmit(address(token));
        emit IERC20.Transfer(address(0), alice, 3 ether);
        vm.prank(address(pool));
        token.mint(alice, 3 ether);

        assertEq(token.balanceOf(alice), 3 ether);
        assertEq(token.totalSupply(), 3 ether);
    }

    function test_mint_notMinter_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(TrETHOFT.TrETHOFT_NotMinter.selector, attacker));
        vm.prank(attacker);
        token.mint(attacker, 1 ether);
    }

    /// @dev Owning the token is not a licence to mint: only the pool, which takes ETH for it.
    function test_mint_owner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(TrETHOFT.TrETHOFT_NotMinter.selector, owner));
        vm.prank(owner);
        token.mint(owner, 1 ether);
    }

    function test_mint_minterUnset_reverts() public {
        TrETHOFT fresh = new TrETHOFT(address(endpoint), owner);
        vm.expectRevert(abi.encodeWithSelector(TrETHOFT.TrETHOFT_NotMinter.selector, address(pool)));
        vm.prank(address(pool));
        fresh.mint(alice, 1 ether);
    }

    function test_mint_replacedMinter_reverts() public {
        vm.prank(owner);
        token.setMinter(makeAddr("newPool"));

        vm.expectRevert(abi.encodeWithSelector(TrETHOFT.TrETHOFT_NotMinter.selector, address(pool)));
        vm.prank(address(pool));
        token.mint(alice, 1 ether);
    }

    // ------------------------------------------------------------------ lzReceive (OFT credit)

    function test_lzReceive_fromHubPeer_succeeds() public {
        Origin memory origin = Origin(HUB_EID, _b32(hubAdapter), 1);
        bytes32 guid = keccak256("guid");

        vm.expectEmit(address(token));
        emit IOFT.OFTReceived(guid, HUB_EID, alice, 2.5 ether);
        vm.prank(address(endpoint));
        token.lzReceive(origin, guid, _creditMessage(alice, 2_500_000), executor, "");

        assertEq(token.balanceOf(alice), 2.5 ether);
    }

    /// @dev A forged credit (a sender that is not the hub lockbox) never mints.
    function test_lzReceive_forgedSender_reverts() public {
        Origin memory forged = Origin(HUB_EID, _b32(attacker), 1);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.OnlyPeer.selector, HUB_EID, _b32(attacker)));
        vm.prank(address(endpoint));
        token.lzReceive(forged, bytes32(0), _creditMessage(attacker, 1_000_000e6), executor, "");

        assertEq(token.totalSupply(), 0);
    }

    function test_lzReceive_notEndpoint_reverts() public {
        Origin memory origin = Origin(HUB_EID, _b32(hubAdapter), 1);
        vm.expectRevert(abi.encodeWithSelector(OAppReceiver.OnlyEndpoint.selector, attacker));
        vm.prank(attacker);
        token.lzReceive(origin, bytes32(0), _creditMessage(attacker, 1e6), executor, "");
    }

    // ------------------------------------------------------------------ setPeer

    function test_setPeer_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        token.setPeer(HUB_EID, _b32(attacker));
    }

    // ------------------------------------------------------------------ permit

    function test_permit_validSignature_succeeds() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) =
            PermitSigner.sign(IERC20Permit(address(token)), aliceKey, alice, bob, 1 ether, deadline);

        token.permit(alice, bob, 1 ether, deadline, v, r, s);

        assertEq(token.allowance(alice, bob), 1 ether);
        assertEq(token.nonces(alice), 1);
    }

    function test_permit_wrongSigner_reverts() public {
        uint256 deadline = block.timestamp + 1 hours;
        (, uint256 attackerKey) = makeAddrAndKey("attacker");
        (uint8 v, bytes32 r, bytes32 s) =
            PermitSigner.sign(IERC20Permit(address(token)), attackerKey, alice, attacker, 1 ether, deadline);

        // The signature recovers to the attacker, not to alice.
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, attacker, alice));
        token.permit(alice, attacker, 1 ether, deadline, v, r, s);
    }
}
